package io.plinth.master.http;

import org.apache.mesos.v1.scheduler.Protos.Call;

/** The stateless checks Mesos makes of a scheduler Call before it looks at the framework. */
final class CallValidation {

    private CallValidation() {
    }

    /** The problem with the call, or null when it is well formed. */
    static String validate(Call call) {
        if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
            return "Expecting 'type' to be present";
        }
        return switch (call.getType()) {
            case SUBSCRIBE -> call.hasSubscribe() ? null : "Expecting 'subscribe' to be present";
            case ACCEPT -> needs(call, call.hasAccept(), "accept");
            case DECLINE -> needs(call, call.hasDecline(), "decline");
            case KILL -> needs(call, call.hasKill(), "kill");
            case SHUTDOWN -> needs(call, call.hasShutdown(), "shutdown");
            case ACKNOWLEDGE -> needs(call, call.hasAcknowledge(), "acknowledge");
            case RECONCILE -> needs(call, call.hasReconcile(), "reconcile");
            case MESSAGE -> needs(call, call.hasMessage(), "message");
            case REQUEST -> needs(call, call.hasRequest(), "request");
            case UPDATE_FRAMEWORK -> needs(call, call.hasUpdateFramework(), "update_framework");
            default -> needs(call, true, "");
        };
    }

    private static String needs(Call call, boolean present, String field) {
        if (!call.hasFrameworkId()) {
            return "Expecting 'framework_id' to be present";
        }
        return present ? null : "Expecting '" + field + "' to be present";
    }
}
