package dev.warren.api;

/** One operation of an *Api bean, called with its request: a plain method call Camel needs to know nothing about. */
@FunctionalInterface
interface ApiOperation<A> {

    ApiResponse call(A api, ApiRequest request);
}
