package dev.annals.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A 3-node nats-server cluster of the tests, on loopback ports of its own, each node storing under
 * {@code target/}; nodes can be killed, paused, resumed and restarted on the same ports and store, and a
 * stream's leader can be asked to step down. Stopped at JVM exit at the latest.
 */
final class TestCluster implements AutoCloseable {

    private final List<NatsServerProcess> nodes = new ArrayList<>();

    private TestCluster(long maxPayload) {
        List<Integer> clientPorts = NatsServerProcess.freePorts(3);
        List<Integer> clusterPorts = new ArrayList<>();
        for (int port : NatsServerProcess.freePorts(6)) {
            if (!clientPorts.contains(port) && clusterPorts.size() < 3) {
                clusterPorts.add(port);
            }
        }
        for (int i = 0; i < 3; i++) {
            List<Integer> routes = new ArrayList<>(clusterPorts);
            routes.remove(i);
            nodes.add(new NatsServerProcess("n" + (i + 1), clientPorts.get(i), clusterPorts.get(i), routes, maxPayload));
        }
    }

    static TestCluster start(long maxPayload) {
        TestCluster cluster = new TestCluster(maxPayload);
        for (NatsServerProcess node : cluster.nodes) {
            node.start();
        }
        cluster.awaitPlacement(Duration.ofSeconds(30));
        return cluster;
    }

    /** The URL of all three nodes, for a store with {@code query} ({@code store=...&replicas=3}). */
    String url(String query) {
        return "nats://" + nodes.stream().map(NatsServerProcess::hostPort).collect(Collectors.joining(",")) + "?" + query;
    }

    List<NatsServerProcess> nodes() {
        return nodes;
    }

    NatsServerProcess node(String name) {
        for (NatsServerProcess node : nodes) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        throw new IllegalArgumentException("no node " + name);
    }

    Connection connect() {
        try {
            return Nats.connect(new Options.Builder()
                    .servers(nodes.stream().map(NatsServerProcess::url).toArray(String[]::new))
                    .connectionTimeout(Duration.ofSeconds(5))
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(100))
                    .errorListener(new QuietErrorListener())
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to the cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until JetStream can place a stream on all three nodes: a meta leader was elected and knows every
     * peer. (A meta leader alone is not enough: a store with {@code replicas=3} opened before the last node
     * joined fails with "no suitable peers for placement", 10005.) Tried with a small stream in memory, removed
     * again.
     */
    void awaitPlacement(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        String probe = "ANNALS_TEST_PLACEMENT";
        try (Connection connection = connect()) {
            while (System.nanoTime() < end) {
                try {
                    JetStreamManagement jsm = connection.jetStreamManagement();
                    jsm.addStream(StreamConfiguration.builder().name(probe).subjects("annals-test.placement")
                            .storageType(StorageType.Memory).replicas(3).build());
                    jsm.deleteStream(probe);
                    return;
                } catch (IOException | JetStreamApiException e) {
                    sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the cluster could not place a stream on its three nodes within " + deadline);
    }

    /** The name of the node leading {@code stream}, waiting up to {@code deadline} for one to be elected. */
    static String leader(JetStreamManagement jsm, String stream, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                ClusterInfo cluster = jsm.getStreamInfo(stream).getClusterInfo();
                if (cluster != null && cluster.getLeader() != null && !cluster.getLeader().isEmpty()) {
                    return cluster.getLeader();
                }
            } catch (IOException | JetStreamApiException e) {
                // no leader yet, or the node asked is down: ask again
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("stream " + stream + " has no leader after " + deadline);
            }
            sleep(100);
        }
    }

    /** Waits until every replica of {@code stream} is current and none is offline. */
    static void awaitCurrent(JetStreamManagement jsm, String stream, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            try {
                StreamInfo info = jsm.getStreamInfo(stream);
                ClusterInfo cluster = info.getClusterInfo();
                if (cluster != null && cluster.getLeader() != null && cluster.getReplicas() != null && cluster.getReplicas().size() == 2
                        && cluster.getReplicas().stream().allMatch(r -> r.isCurrent() && !r.isOffline())) {
                    return;
                }
            } catch (IOException | JetStreamApiException e) {
                // ask again
            }
            sleep(100);
        }
        throw new IllegalStateException("the replicas of " + stream + " did not become current within " + deadline);
    }

    /** Asks the leader of {@code stream} to step down; another node is elected. */
    static void stepDown(Connection connection, String stream) {
        try {
            Message reply = connection.request("$JS.API.STREAM.LEADER.STEPDOWN." + stream, new byte[0], Duration.ofSeconds(5));
            if (reply == null) {
                throw new IllegalStateException("no answer to the step-down of " + stream);
            }
            String body = new String(reply.getData(), StandardCharsets.UTF_8);
            if (!body.contains("\"success\":true")) {
                throw new IllegalStateException("the step-down of " + stream + " failed: " + body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> replicaNames(StreamInfo info) {
        List<String> names = new ArrayList<>();
        if (info.getClusterInfo() != null && info.getClusterInfo().getReplicas() != null) {
            for (Replica replica : info.getClusterInfo().getReplicas()) {
                names.add(replica.getName());
            }
        }
        return names;
    }

    @Override
    public void close() {
        for (NatsServerProcess node : nodes) {
            node.signal("CONT");
            node.stop();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
