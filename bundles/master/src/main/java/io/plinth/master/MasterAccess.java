package io.plinth.master;

import java.util.Optional;

/** Inside this bundle: the master of the current term, if this node leads. */
public interface MasterAccess {

    Optional<RunningMaster> current();
}
