package dev.stowage.hub.dagger;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.inject.Qualifier;

/**
 * Marks a binding meant for Stowage where the plain type would be ambiguous in a host's graph: the
 * hub's configuration file ({@code @ForStowage Path}) and its clock ({@code @ForStowage Clock}), so
 * a host's own {@code Path} or {@code Clock} bindings are never picked up by accident.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD})
public @interface ForStowage {}
