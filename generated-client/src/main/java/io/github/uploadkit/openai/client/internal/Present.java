package io.github.uploadkit.openai.client.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a generated model that the spec requires but allows to be null ("present,
 * possibly null"): {@link AdditionalPropertiesAdapterFactory} writes it as {@code null} when it
 * has no value instead of leaving it out. Reading accepts it missing or null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Present {
}
