"""Cross-cutting pieces: database set-up, time and formatting, security headers, errors."""
