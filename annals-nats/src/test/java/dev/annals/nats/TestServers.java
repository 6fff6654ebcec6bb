package dev.annals.nats;

/**
 * The nats-server processes the tests of this module share: one single server and one 3-node cluster, each started on first use,
 * with a {@code max_payload} of 16 MiB so that an append at Annals' own size limit (8 MiB) fits in
 * one message. Stopped at JVM exit.
 */
final class TestServers {

    static final long MAX_PAYLOAD = 16L * 1024 * 1024;

    private static NatsServerProcess single;
    private static TestCluster cluster;

    private TestServers() {
    }

    static synchronized NatsServerProcess single() {
        if (single == null) {
            single = NatsServerProcess.single("single", MAX_PAYLOAD).start();
        }
        return single;
    }

    /** The 3-node cluster the kit runs on (the fault test starts a cluster of its own). */
    static synchronized TestCluster cluster() {
        if (cluster == null) {
            cluster = TestCluster.start(MAX_PAYLOAD);
        }
        return cluster;
    }
}
