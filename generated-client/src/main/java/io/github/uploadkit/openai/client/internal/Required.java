package io.github.uploadkit.openai.client.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a generated model that the spec requires and does not allow to be null;
 * {@link RequiredFieldsAdapterFactory} refuses a response that lacks it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {
}
