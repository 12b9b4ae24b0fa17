package dev.numberregistry.streams.testing;

import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.DeadlineSweep;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The registry's topology alone in a JVM of its own, so that a test can kill it without warning
 * (kill -9): {@code RegistryProcess <bootstrap-servers> <application-id> <state-dir>}. Runs until
 * killed.
 */
public final class RegistryProcess {

    private RegistryProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        RegistryRunner.start(args[0], args[1], Path.of(args[2]), PolicyBook.defaults(), DeadlineSweep.DEFAULT);
        new CountDownLatch(1).await();
    }
}
