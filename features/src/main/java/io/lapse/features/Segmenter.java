package io.lapse.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.input.InputSchemaException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Adds the {@code segment} column to customer features. */
public final class Segmenter {

  public static final String SEGMENT = "segment";
  /** The segment of the model fitted on all customers; every customer is in it when source = all. */
  public static final String ALL = "ALL";
  /** Customers missing from the customers table, or with no value in the segment column. */
  public static final String UNKNOWN = "UNKNOWN";

  private final SegmentSpec spec;

  public Segmenter(SegmentSpec spec) {
    this.spec = spec;
  }

  /**
   * @param features output of {@link CustomerFeatures#asOf}
   * @param customers the customers table (customer_id plus attributes); required for
   *     customer-column segments
   */
  public Dataset<Row> assign(Dataset<Row> features, Optional<Dataset<Row>> customers) {
    return switch (spec.source()) {
      case "all" -> features.withColumn(SEGMENT, lit(ALL));
      case "rfm" -> features.withColumn(SEGMENT, rfmTier());
      case "customer-column" -> byCustomerColumn(features, customers.orElseThrow(() ->
          new IllegalArgumentException("segment source customer-column needs a customers table "
              + "but lapse.input.customers.path is empty")));
      default -> throw new IllegalStateException(spec.source());
    };
  }

  private Dataset<Row> byCustomerColumn(Dataset<Row> features, Dataset<Row> customers) {
    List<String> names = Arrays.asList(customers.columns());
    for (String needed : List.of(CustomerFeatures.CUSTOMER_ID, spec.customerColumn())) {
      if (!names.contains(needed)) {
        throw new InputSchemaException("customers table: column '" + needed
            + "' was not found; columns found: " + names
            + ". Fix lapse.segments.customer-column or lapse.input.customers.");
      }
    }
    Dataset<Row> keyed = customers
        .select(col(CustomerFeatures.CUSTOMER_ID).cast(DataTypes.StringType).as("c_id"),
            trim(col(spec.customerColumn()).cast(DataTypes.StringType)).as("c_segment"))
        .dropDuplicates("c_id");
    Column segment = when(col("c_segment").isNull().or(col("c_segment").equalTo("")), lit(UNKNOWN))
        .otherwise(col("c_segment"));
    return features
        .join(keyed, col(CustomerFeatures.CUSTOMER_ID).equalTo(col("c_id")), "left")
        .withColumn(SEGMENT, coalesce(segment, lit(UNKNOWN)))
        .drop("c_id", "c_segment");
  }

  /** "R{r}F{f}M{m}", each score 1 + the number of cut points the customer is better than. */
  private Column rfmTier() {
    Column r = lit(1);
    for (Integer cut : spec.recencyCutsDays()) {
      r = r.plus(when(col(CustomerFeatures.RECENCY_DAYS).leq(cut), 1).otherwise(0));
    }
    Column f = lit(1);
    for (Integer cut : spec.frequencyCuts()) {
      f = f.plus(when(col(CustomerFeatures.TRANSACTIONS_365D).geq(cut), 1).otherwise(0));
    }
    Column m = lit(1);
    for (Double cut : spec.monetaryCuts()) {
      m = m.plus(when(col(CustomerFeatures.MONETARY_MEAN).geq(cut), 1).otherwise(0));
    }
    return concat(lit("R"), r.cast("string"), lit("F"), f.cast("string"), lit("M"), m.cast("string"));
  }
}
