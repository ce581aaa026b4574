package screening.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenRoleTest {

    @Test
    void parse_configNames_everyRole() throws ConfigException {
        for (TokenRole r : TokenRole.values()) {
            assertThat(TokenRole.parse("admin.tokens[0].role", r.configName())).isEqualTo(r);
        }
        assertThat(TokenRole.parse("k", "security")).isEqualTo(TokenRole.SECURITY);
        assertThat(TokenRole.parse("k", "auditor")).isEqualTo(TokenRole.AUDITOR);
        assertThat(TokenRole.parse("k", "peer")).isEqualTo(TokenRole.PEER);
    }

    @Test
    void parse_unknownOrWrongCase_namesKeyAndRoles() {
        for (String bad : new String[] {"admin", "SECURITY", "", " auditor"}) {
            assertThatThrownBy(() -> TokenRole.parse("admin.tokens[3].role", bad))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("admin.tokens[3].role: expected security, auditor or peer, got \"" + bad + "\"");
        }
    }

    @Test
    void mayChange_securityOnly() {
        assertThat(TokenRole.SECURITY.mayChange()).isTrue();
        assertThat(TokenRole.AUDITOR.mayChange()).isFalse();
        assertThat(TokenRole.PEER.mayChange()).isFalse();
    }

    @Test
    void mayRead_peerOnlyTheFeed() {
        assertThat(TokenRole.SECURITY.mayRead()).isTrue();
        assertThat(TokenRole.AUDITOR.mayRead()).isTrue();
        assertThat(TokenRole.PEER.mayRead()).isFalse();
    }
}
