package io.plinth.coordination.store;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/** One piece of work on a connected ZooKeeper handle. */
@FunctionalInterface
interface ZkCall<R> {
    R run(ZooKeeper zk) throws KeeperException, InterruptedException;
}
