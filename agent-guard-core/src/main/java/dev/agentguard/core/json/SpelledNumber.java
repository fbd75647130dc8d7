package dev.agentguard.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number that keeps the text it was written as: {@code 1.0}, {@code 10e-1} and {@code 1e0} are three
 * different values here (a tool can tell them apart), while checks still read its numeric value. Written back
 * exactly as spelled, so a fingerprint of {@code 1} differs from one of {@code 1e0}.
 */
final class SpelledNumber extends NumericNode {

  private static final long serialVersionUID = 1L;

  private final String spelling;
  private final BigDecimal value;

  SpelledNumber(String spelling) {
    this.spelling = spelling;
    this.value = new BigDecimal(spelling);
  }

  @Override
  public JsonToken asToken() {
    return JsonToken.VALUE_NUMBER_FLOAT;
  }

  @Override
  public JsonParser.NumberType numberType() {
    return JsonParser.NumberType.BIG_DECIMAL;
  }

  @Override
  public boolean isFloatingPointNumber() {
    return true;
  }

  @Override
  public boolean isBigDecimal() {
    return true;
  }

  @Override
  public Number numberValue() {
    return value;
  }

  @Override
  public int intValue() {
    return value.intValue();
  }

  @Override
  public long longValue() {
    return value.longValue();
  }

  @Override
  public double doubleValue() {
    return value.doubleValue();
  }

  @Override
  public BigDecimal decimalValue() {
    return value;
  }

  @Override
  public BigInteger bigIntegerValue() {
    return value.toBigInteger();
  }

  @Override
  public boolean canConvertToInt() {
    return false;
  }

  @Override
  public boolean canConvertToLong() {
    return false;
  }

  @Override
  public String asText() {
    return spelling;
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    g.writeNumber(spelling);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpelledNumber && ((SpelledNumber) o).spelling.equals(spelling);
  }

  @Override
  public int hashCode() {
    return spelling.hashCode();
  }
}
