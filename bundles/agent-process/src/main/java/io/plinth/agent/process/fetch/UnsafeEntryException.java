package io.plinth.agent.process.fetch;

/** An archive entry, symlink or output path would reach outside the sandbox. */
final class UnsafeEntryException extends FetchFailure {

    private static final long serialVersionUID = 1L;

    UnsafeEntryException(String reason) {
        super(reason);
    }
}
