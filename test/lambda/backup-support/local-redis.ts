/** The Redis this machine runs (no TLS, no AUTH): what the cache tests connect to. No imports, so a test can load it before replacing a module. */
export const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };
