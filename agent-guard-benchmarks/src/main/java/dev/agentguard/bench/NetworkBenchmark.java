package dev.agentguard.bench;

import dev.agentguard.api.Decision;
import dev.agentguard.core.net.NetworkCheck;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The network check with the typical policy, a resolver answering from memory (no DNS): a host name, an IP
 * literal, and an encoded IP ({@code 0x7f000001}, loopback; a DENY, the path an attacker takes). The baseline
 * is {@code URI.create(url).getHost()}, the parse any HTTP client does anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NetworkBenchmark {

  public static final String NAME_URL = "https://api.github.com/repos/acme/widgets/issues?state=open";
  public static final String IP_URL = "https://140.82.112.3/repos/acme/widgets";
  public static final String ENCODED_URL = "https://0x7f000001/admin";

  public NetworkCheck check;

  @Setup
  public void setup() {
    check = new NetworkCheck(Policies.typical().network(), Fixtures.publicResolver());
  }

  @Benchmark
  public String baselineJdkUriParse() {
    return URI.create(NAME_URL).getHost();
  }

  @Benchmark
  public Decision name() {
    return check.check(NAME_URL);
  }

  @Benchmark
  public Decision ipLiteral() {
    return check.check(IP_URL);
  }

  @Benchmark
  public Decision encodedIpDenied() {
    return check.check(ENCODED_URL);
  }
}
