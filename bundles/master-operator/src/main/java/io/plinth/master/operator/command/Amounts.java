package io.plinth.master.operator.command;

import java.math.BigDecimal;

/** How the commands print resource amounts: {@code 0.5/4}, {@code 1024}, without a needless {@code .0}. */
final class Amounts {

    private Amounts() {
    }

    static String usedOfTotal(double used, double total) {
        return amount(used) + "/" + amount(total);
    }

    static String amount(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
