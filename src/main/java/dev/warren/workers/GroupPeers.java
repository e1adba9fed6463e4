package dev.warren.workers;

import java.util.List;

/** What the other live warren instances mean for a group: this instance's share of its count, and every instance's part. */
public interface GroupPeers {

    /** The consumers this instance runs of a group of this count. */
    int localShare(int count);

    /** Every live instance's share and running consumers of the queue's group; null when warren runs alone. */
    List<WorkerGroupView.InstanceShare> shares(String queue, String type, int count, int localRunning);

    /** Whether every live instance has the same definition of the type; null when warren runs alone. */
    Boolean typeAgrees(String type);

    /** One warren on an embedded store: it runs every group whole. */
    GroupPeers ALONE = new GroupPeers() {
        @Override
        public int localShare(int count) {
            return count;
        }

        @Override
        public List<WorkerGroupView.InstanceShare> shares(String queue, String type, int count, int localRunning) {
            return null;
        }

        @Override
        public Boolean typeAgrees(String type) {
            return null;
        }
    };
}
