package dev.agentguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Made-up, real-shaped secrets are masked wherever they appear; ordinary text is kept. */
class RedactorTest {

  private static final Redactor R = Redactor.defaults();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Made up for this test; none of them is, or was, a real credential. */
  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("aws access key id", "AKIAIOSFODNN7EXAMPLE"),
        Arguments.of("aws temporary key id", "ASIAY34FZKBOKMUTVV7A"),
        Arguments.of("github classic pat", "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R"),
        Arguments.of("github oauth", "gho_16C7e42F292c6912E7710c838347Ae178B4a"),
        Arguments.of("github app", "ghs_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"),
        Arguments.of("github user-to-server", "ghu_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9"),
        Arguments.of("github refresh", "ghr_1B4a2e77838347a7E420ce178F2E7c6912E1"),
        Arguments.of("github fine-grained", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"),
        Arguments.of("slack bot", "xoxb-2048-4096-abcdefghijklmnopqrstuvwx"),
        Arguments.of("slack user", "xoxp-1111111111-2222222222-3333333333-abcdef0123456789"),
        Arguments.of("openai legacy", "sk-Abc123Def456Ghi789Jkl012Mno345Pqr678Stu901Vwx"),
        Arguments.of("openai project", "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9"),
        Arguments.of("anthropic", "sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc7Ba6-_AbCdEf012345AA"),
        Arguments.of("stripe live", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        Arguments.of("stripe restricted", "rk_live_51H8xYzAbCdEfGhIjKlMnOpQr"),
        Arguments.of("google api key", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"),
        Arguments.of("gitlab", "glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn"),
        Arguments.of("npm", "npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
        Arguments.of("hugging face", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
        Arguments.of("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
            + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        Arguments.of("random base64", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdI"),
        Arguments.of("random base62", "q8Xv2LmN7pRt4WzK9sJd3HfG"),
        Arguments.of("hex api key", "4f9a2c7e1b8d3f6a0e5c9b2d7a4f1e8c"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void secretShapesAreMaskedInText(String name, String secret) {
    for (String text : new String[] {
        secret,
        "use " + secret + " to log in",
        "'" + secret + "'",
        "x=" + secret + "&y=1",
        "line one\n" + secret + "\nline three"}) {
      String out = R.redactText(text);
      assertThat(out).as(name + " in: " + text).doesNotContain(secret).contains(Redactor.MASK);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void secretShapesAreMaskedInJsonValuesAtAnyDepth(String name, String secret) throws Exception {
    String json = "{\"command\":\"deploy --with " + secret + "\",\"nested\":{\"list\":[\"" + secret + "\"]}}";
    String out = R.redactJson(json);
    assertThat(out).doesNotContain(secret);
    JsonNode tree = JSON.readTree(out);
    assertThat(tree.path("command").asText()).startsWith("deploy --with ");
    assertThat(tree.path("nested").path("list").get(0).asText()).isEqualTo(Redactor.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "passwd", "db_password", "userPassword", "secret", "client_secret",
      "token", "access_token", "accessToken", "refreshToken", "id_token", "Authorization", "authorization",
      "api_key", "apiKey", "api-key", "x-api-key", "APIKEY", "private_key", "privateKey", "cookie", "Set-Cookie",
      "session", "sessionId", "session_id", "credentials", "aws_secret_access_key", "passphrase", "auth",
      "x-auth-token", "connectionString"})
  void secretNamedKeysAreMaskedAtAnyDepth(String key) throws Exception {
    String json = "{\"a\":{\"b\":[{\"" + key + "\":\"hunter2\"},{\"" + key + "\":12345}]},\"" + key
        + "\":{\"inner\":\"opensesame\"},\"path\":\"README.md\"}";
    String out = R.redactJson(json);
    assertThat(out).doesNotContain("hunter2").doesNotContain("12345").doesNotContain("opensesame");
    JsonNode tree = JSON.readTree(out);
    assertThat(tree.path("path").asText()).isEqualTo("README.md");
    assertThat(tree.path("a").path("b").get(0).path(key).asText()).isEqualTo(Redactor.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"path", "url", "command", "query", "max_tokens", "tokenizer", "author", "description",
      "passage", "keyboard", "monkey", "name", "content"})
  void ordinaryKeysAreKept(String key) throws Exception {
    String json = "{\"" + key + "\":\"hello world\",\"n\":3}";
    assertThat(R.redactJson(json)).isSameAs(json);
  }

  @Test
  void booleansAndNullsUnderSecretKeysAreKept() throws Exception {
    JsonNode tree = JSON.readTree(R.redactJson("{\"token\":null,\"password\":true,\"secret\":\"s3cr3t\"}"));
    assertThat(tree.path("token").isNull()).isTrue();
    assertThat(tree.path("password").asBoolean()).isTrue();
    assertThat(tree.path("secret").asText()).isEqualTo(Redactor.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "password=hunter2", "DB_PASSWORD=hunter2", "export AWS_SECRET_ACCESS_KEY=hunter2", "api_key: hunter2",
      "--api-key=hunter2", "token = hunter2", "\"password\": \"hunter2\"", "{'secret': 'hunter2'}",
      "https://example.com/cb?access_token=hunter2&state=1", "Cookie: session=hunter2; theme=dark",
      "curl -H 'Authorization: Token hunter2' https://x", "Authorization: Bearer hunter2",
      "{\\\"password\\\":\\\"hunter2\\\"}", "https://alice:hunter2@git.example.com/repo.git",
      "postgres://app:hunter2@db.internal:5432/prod", "Bearer abcdEFGH1234hunter2",
      "Authorization: Basic YWxpY2U6aHVudGVyMg=="})
  void secretsInContextAreMaskedInText(String text) {
    String out = R.redactText(text);
    assertThat(out).as(text).doesNotContain("hunter2").doesNotContain("YWxpY2U6aHVudGVyMg").contains(Redactor.MASK);
    assertThat(R.redactJson(text)).as("non-JSON through redactJson: " + text).doesNotContain("hunter2");
  }

  @Test
  void awsSecretAccessKeysInContextAreMasked() {
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    for (String text : new String[] {
        "aws_secret_access_key = " + secret,
        "AWS_SECRET_ACCESS_KEY=" + secret,
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = " + secret + "\n",
        "{\"AccessKeyId\":\"ASIAY34FZKBOKMUTVV7A\",\"SecretAccessKey\":\"" + secret + "\"}"}) {
      assertThat(R.redactText(text)).as(text).doesNotContain(secret).doesNotContain("wJalrXUtnFEMI");
      assertThat(R.redactJson(text)).as(text).doesNotContain(secret).doesNotContain("wJalrXUtnFEMI");
    }
  }

  @Test
  void urlUserKeptPasswordMasked() {
    assertThat(R.redactText("git clone https://alice:hunter2@git.example.com/repo.git"))
        .isEqualTo("git clone https://alice:" + Redactor.MASK + "@git.example.com/repo.git");
  }

  @Test
  void pemPrivateKeysAreMaskedWithOrWithoutEndLine() {
    String body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7Q\n"
        + "kl5y9TJ8zcXjY2Vx3fX4BpRqs1GhT0yKp9wZLmNa\n";
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----";
    String out = R.redactText("key:\n" + pem + "\ndone");
    assertThat(out).doesNotContain("MIIEow").doesNotContain("kl5y9T").contains("-----BEGIN RSA PRIVATE KEY-----")
        .endsWith("-----END RSA PRIVATE KEY-----\ndone");
    assertThat(R.redactText("-----BEGIN OPENSSH PRIVATE KEY-----\n" + body)).doesNotContain("MIIEow");
    String inJson = R.redactJson("{\"content\":\"-----BEGIN PRIVATE KEY-----\\n" + body.replace("\n", "\\n")
        + "-----END PRIVATE KEY-----\\n\"}");
    assertThat(inJson).doesNotContain("MIIEow").doesNotContain("kl5y9T");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "read the project README to understand the task",
      "/home/alice/projects/agent-guard/src/main/java/dev/agentguard/core/AgentGuard.java",
      "src/main/java/dev/agentguard/core/telemetry/SecretRedactor.java",
      "550e8400-e29b-41d4-a716-446655440000",
      "git status && ls -la",
      "AbstractSingletonProxyFactoryBean",
      "ConfigurationPropertiesBinder HttpServletRequestWrapper",
      "internationalization-localization-configuration",
      "build-2024-11-28-release-candidate-final",
      "https://api.github.com/repos/octocat/hello-world/pulls?state=open&per_page=100",
      "the task is risky: keep a backup",
      "12345678901234567890123456789",
      "SELECT id, name FROM users WHERE created_at > '2024-01-01'",
      "max_tokens is 4096 and temperature 0.2",
      "basic functionality works",
      "the bearer of bad news"})
  void ordinaryTextIsKept(String text) {
    assertThat(R.redactText(text)).isEqualTo(text);
  }

  @Test
  void builderAddsKeysAndPatternsAndTunesEntropy() {
    Redactor custom = Redactor.builder()
        .secretKey("tenant-id")
        .pattern("ACME-[0-9]{6}")
        .highEntropy(false)
        .build();
    assertThat(custom.redactJson("{\"tenantId\":\"t-42\",\"x\":\"ACME-123456\"}"))
        .doesNotContain("t-42").doesNotContain("ACME-123456");
    assertThat(custom.redactText("q8Xv2LmN7pRt4WzK9sJd3HfG")).isEqualTo("q8Xv2LmN7pRt4WzK9sJd3HfG");
    assertThat(custom.redactText("ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R")).isEqualTo(Redactor.MASK);
    assertThat(Redactor.builder().entropyThreshold(3.0).build().redactText("AbstractSingletonProxyFactoryBean2"))
        .isEqualTo("AbstractSingletonProxyFactoryBean2");
  }

  @Test
  void nullsPassThroughAndBadJsonFallsBackToText() {
    assertThat(R.redactJson(null)).isNull();
    assertThat(R.redactText(null)).isNull();
    assertThat(R.redactJson("{\"password\": \"hunter2\"")).doesNotContain("hunter2");
    assertThat(R.redactJson("{\"password\":\"a\",\"password\":\"hunter2\"}")).doesNotContain("hunter2");
    assertThat(R.redactJson("")).isEmpty();
  }

  @Test
  void deeplyNestedJsonNeverThrows() {
    String deep = "[".repeat(5000) + "\"ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R\"" + "]".repeat(5000);
    assertThat(R.redactJson(deep)).doesNotContain("ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void adversarialMegabyteInputsFinish() {
    int mb = 1 << 20;
    String[] inputs = {
        "a".repeat(mb),
        "a-".repeat(mb / 2),
        "eyJ-".repeat(mb / 4),
        "sk-".repeat(mb / 3),
        "password".repeat(mb / 8),
        "token=".repeat(mb / 6),
        ":/".repeat(mb / 2) + "@",
        "://a:".repeat(mb / 5),
        "Bearer ".repeat(mb / 7),
        "-----BEGIN PRIVATE KEY-----".repeat(mb / 27),
        "\"".repeat(mb),
        "q8Xv2LmN7pRt4WzK9sJd3HfG ".repeat(mb / 25)};
    for (String input : inputs) {
      assertThat(R.redactText(input)).isNotNull();
      assertThat(R.redactJson(input)).isNotNull();
    }
    StringBuilder json = new StringBuilder("{\"items\":[");
    while (json.length() < mb) {
      json.append("{\"path\":\"/tmp/file\",\"password\":\"x\"},");
    }
    json.append("{}]}");
    assertThat(R.redactJson(json.toString())).doesNotContain("\"x\"");
  }

  @Test
  void extraPatternCompiledFromString() {
    assertThat(Pattern.compile("x").matcher("x").matches()).isTrue();
  }
}
