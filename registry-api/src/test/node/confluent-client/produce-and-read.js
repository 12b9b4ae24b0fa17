// A carrier's billing producer and a bank's consumer on Node.js, with kafkajs and
// @kafkajs/confluent-schema-registry: a Confluent wire format written and read by code that is
// not the registry's. Usage: node produce-and-read.js <broker> <schema registry URL> <number>
// Publishes a NumberAssigned and a SimChanged for the number in the Confluent format, with the
// schema registered under number-events-value, then prints, a JSON line each, the first two
// states of the number that the registry wrote to number-state.
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const [broker, registryUrl, number] = process.argv.slice(2);
const DAY = 86400000;
const START = Date.parse('2030-01-01T00:00:00Z');

function event(eventId, day, payload) {
  // A union of records is written as avsc wraps it: the branch's full name, then its fields.
  return { eventId, number, occurredAt: START + day * DAY, recordedAt: START + day * DAY,
    source: 'billing-node', payload };
}

async function main() {
  const registry = new SchemaRegistry({ host: registryUrl });
  const kafka = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING });
  const id = await registry.getLatestSchemaId('number-events-value');

  // kafkajs's default partitioner is murmur2, as Java's: the number's own partition.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const values = [
    await registry.encode(id, event('node-1', 0, { 'dev.numberregistry.schema.NumberAssigned':
      { subscriberRef: 'sub-node', planType: 'POSTPAID', validUntil: null } })),
    await registry.encode(id, event('node-2', 1, { 'dev.numberregistry.schema.SimChanged': { note: 'eSIM' } })),
  ];
  await producer.send({ topic: 'number-events', messages: values.map(value => ({ key: number, value })) });
  await producer.disconnect();

  // readUncommitted false: read_committed, as the registry's topics ask of their readers.
  const consumer = kafka.consumer({ groupId: `node-client-${Date.now()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: 'number-state', fromBeginning: true });
  await new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error('fewer than 2 states in 60 s')), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key.toString() !== number || seen >= 2) {
          return;
        }
        const state = await registry.decode(message.value);
        console.log(JSON.stringify({ schemaId: message.value.readInt32BE(1), status: state.status,
          appliedEvents: state.appliedEvents, lastEventId: state.lastEventId, lastSimChangeAt: state.lastSimChangeAt }));
        if (++seen === 2) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
