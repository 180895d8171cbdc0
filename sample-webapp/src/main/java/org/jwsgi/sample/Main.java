package org.jwsgi.sample; public final class Main { public static void main(String[] a) {} }
