"""The audit log and notifications: one small service function each."""
