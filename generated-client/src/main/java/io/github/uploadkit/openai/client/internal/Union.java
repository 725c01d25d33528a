package io.github.uploadkit.openai.client.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a generated sealed interface made from a {@code oneOf} or {@code anyOf} schema: each
 * permitted record wraps one variant in its single component, and the record marked
 * {@link Unknown} keeps, as raw JSON, a value that matches no variant. {@link UnionAdapterFactory}
 * reads such a value by its {@link #discriminator()} when there is one, else by the JSON's shape.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Union {
  /** The JSON property that names the variant, or empty when the JSON's shape tells it. */
  String discriminator() default "";

  /** Marks the record of a {@link Union} that holds a value no variant of this version knows. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface Unknown {
  }
}
