//! A small static HTTP/1.1 server on 127.0.0.1 with ETag / Last-Modified.
