//! The bundled sample site, served on 127.0.0.1 for `--demo` and the tests.
