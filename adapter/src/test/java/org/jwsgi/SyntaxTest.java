package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jwsgi.gateway.Ascii;

/** The contract's own character rules answer as the servers' do, for every character. */
class SyntaxTest {

    @Test
    void tokensAndFieldValuesAreTheSameRulesAsTheServers() {
        for (char c = 0; c < 0x180; c++) {
            String s = String.valueOf(c);
            assertThat(Syntax.isToken(s)).as("U+%04X in a token", (int) c).isEqualTo(Ascii.isToken(s));
            assertThat(Syntax.isFieldValueChar(c)).as("U+%04X in a field value", (int) c)
                    .isEqualTo(Ascii.isFieldValueChar(c));
        }
        assertThat(Syntax.isToken("")).isFalse();
    }

    @Test
    void errorMessagesQuoteAsTheServersDo() {
        for (String s : new String[] {"a\r\n\"\\\u0001\u007f", "x".repeat(300), "", "plain"}) {
            assertThat(Syntax.quote(s)).isEqualTo(Ascii.quote(s));
        }
    }
}
