package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.handler.codec.http.FullHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import screening.server.AdminTestFilter;
import screening.server.cli.TokenCommand;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.json.Json;

class AdminTokensTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private AdminTokens configured() {
        return AdminTokens.load(AdminTestFilter.TOKENS, out);
    }

    @Test
    void authenticate_eachConfiguredBearerToken_thatTokensNameAndRole() {
        AdminTokens tokens = configured();
        AdminTokens.Token security = tokens.authenticate("Bearer " + AdminTestFilter.SECURITY_TOKEN);
        AdminTokens.Token auditor = tokens.authenticate("Bearer " + AdminTestFilter.AUDITOR_TOKEN);
        assertThat(security.name()).isEqualTo("spoc-hull");
        assertThat(security.role()).isEqualTo(TokenRole.SECURITY);
        assertThat(auditor.name()).isEqualTo("auditor-1");
        assertThat(auditor.role()).isEqualTo(TokenRole.AUDITOR);
        assertThat(printed.size()).isZero();
    }

    @Test
    void authenticate_schemeInAnyCaseAndSpacesAroundToken_accepted() {
        assertThat(configured().authenticate("bEARER   " + AdminTestFilter.SECURITY_TOKEN + " ").name()).isEqualTo("spoc-hull");
    }

    @Test
    void authenticate_missingOtherSchemeOrUnknownToken_null() {
        AdminTokens tokens = configured();
        assertThat(tokens.authenticate(null)).isNull();
        assertThat(tokens.authenticate("Basic " + AdminTestFilter.SECURITY_TOKEN)).isNull();
        assertThat(tokens.authenticate("Bearer")).isNull();
        assertThat(tokens.authenticate("Bearer not-a-token")).isNull();
        assertThat(tokens.authenticate("Bearer x" + AdminTestFilter.SECURITY_TOKEN)).isNull();
    }

    @Test
    void load_upperCaseHashHex_accepted() {
        String upper = TokenCommand.sha256Hex("upper-case-token").toUpperCase(Locale.ROOT);
        AdminTokens tokens = AdminTokens.load(List.of(new ScreeningConfig.Token("up", TokenRole.AUDITOR, upper)), out);
        assertThat(tokens.authenticate("Bearer upper-case-token").name()).isEqualTo("up");
    }

    @Test
    void load_badHash_throwsNamingTheKey() {
        String good = TokenCommand.sha256Hex("t");
        for (String bad : new String[] {null, "", good.substring(1), good + "0", "g" + good.substring(1)}) {
            List<ScreeningConfig.Token> list = List.of(new ScreeningConfig.Token("a", TokenRole.SECURITY, good),
                    new ScreeningConfig.Token("b", TokenRole.SECURITY, bad));
            assertThatThrownBy(() -> AdminTokens.load(list, out)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("admin.tokens[1].sha256 must be 64 hex digits (token hash TOKEN)");
        }
    }

    @Test
    void load_noneConfigured_printsOneSecurityTokenThatAuthenticates() {
        AdminTokens tokens = AdminTokens.load(List.of(), out);
        Matcher m = Pattern.compile("\\(printed once\\): ([A-Za-z0-9_-]{43})\n").matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        AdminTokens.Token t = tokens.authenticate("Bearer " + m.group(1));
        assertThat(t.name()).isEqualTo(AdminTokens.GENERATED_TOKEN_NAME);
        assertThat(t.role()).isEqualTo(TokenRole.SECURITY);
        assertThat(m.find()).isFalse();
    }

    @Test
    void sha256_token_sameDigestAsTokenHashCommand() {
        assertThat(HexFormat.of().formatHex(AdminTokens.sha256("security-token")))
                .isEqualTo(TokenCommand.sha256Hex("security-token"));
    }

    @Test
    void requireMayChange_security_returns() {
        assertThatCode(() -> AdminTokens.requireMayChange(configured().authenticate("Bearer " + AdminTestFilter.SECURITY_TOKEN)))
                .doesNotThrowAnyException();
    }

    @Test
    void requireMayChange_auditor_refused403NamingTokenAndRole() throws Exception {
        AdminTokens.Token auditor = configured().authenticate("Bearer " + AdminTestFilter.AUDITOR_TOKEN);
        Refusal r = catchThrowableOfType(Refusal.class, () -> AdminTokens.requireMayChange(auditor));
        assertThat(r).isNotNull();
        FullHttpResponse resp = r.response();
        try {
            assertThat(resp.status().code()).isEqualTo(403);
            assertThat(Json.MAPPER.readTree(resp.content().toString(StandardCharsets.UTF_8)).path("message").asText())
                    .isEqualTo("token auditor-1 has role auditor, which may only read");
        } finally {
            resp.release();
        }
    }
}
