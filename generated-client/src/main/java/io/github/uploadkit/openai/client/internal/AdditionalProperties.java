package io.github.uploadkit.openai.client.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code Map<String, Object>} component of a generated model that holds the JSON
 * properties its schema does not declare; {@link AdditionalPropertiesAdapterFactory} fills it
 * when reading and writes its entries back beside the declared ones, so nothing is lost.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AdditionalProperties {
}
