"""What callers need, gathered: the only code that touches the store's internals."""
