package io.github.uploadkit.openai.client.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a multipart field of a generated method that the spec's {@code encoding} gives a content
 * type, such as {@code application/json}: {@link FormFields} sends it as one part of that type
 * (an object as its JSON) instead of as text or one part per member.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FormFieldType {
  /** The content type of the part, as the spec's encoding gives it. */
  String value();
}
