#!/usr/bin/env python3
"""Where a Kafka Streams application's stream threads spend their Java time, from a JFR recording.

    jfr print --events jdk.ExecutionSample --stack-depth 80 rec.jfr > samples.txt
    python3 bench/jfr-stream-threads.py samples.txt number-registry-bench

Prints the samples of the stream threads whose name holds the application id: the top frames
(self time), then every method of the registry, Avro, libphonenumber, RocksDB and the producer
with the share of samples it is on the stack of (inclusive). Java samples only: time in native
code (RocksDB, the network) shows in jdk.NativeMethodSample, not here.
"""
import collections
import re
import sys

INCLUDED = re.compile(r'numberregistry|avro|phonenumbers|RocksDB|rocksdb|[sS]erializ|KafkaProducer\.send|RecordCollector')


def main(samples_file, application_id):
    text = open(samples_file).read()
    self_time, inclusive, total = collections.Counter(), collections.Counter(), 0
    for block in text.split('jdk.ExecutionSample {')[1:]:
        thread = re.search(r'sampledThread = "([^"]+)"', block)
        if not thread or application_id not in thread.group(1) or 'StreamThread' not in thread.group(1):
            continue
        frames = re.findall(r'^\s+([\w$.<>]+)\(', block, re.M)
        if not frames:
            continue
        total += 1
        self_time[frames[0]] += 1
        for frame in set(frames):
            inclusive[frame] += 1
    print(f"stream-thread samples: {total}")
    print("== self time, top 30")
    for frame, count in self_time.most_common(30):
        print(f"{100 * count / total:5.1f}% {frame}")
    print("== inclusive")
    for frame, count in inclusive.most_common():
        if INCLUDED.search(frame):
            print(f"{100 * count / total:5.1f}% {frame}")


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 'number-registry-bench')
