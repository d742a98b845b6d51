"""The audit vocabulary: every kind of entry the log can hold.

Tags are ``domain:object:verb``. Add a tag here before writing an entry with it;
entries never carry free text or content, only the tag and structured extras.
"""

from __future__ import annotations

from enum import StrEnum


class AuditTag(StrEnum):
    LOGIN = "auth:login:success"
    LOGIN_FAILED = "auth:login:failed"
    LOGIN_THROTTLED = "auth:login:throttled"
    LOGIN_LOCKED = "auth:login:locked"
    OTP_FAILED = "auth:otp:failed"
    OTP_ENROLLED = "auth:otp:enrolled"
    # An authenticator or recovery codes kept in clear before sealing, sealed at sign-in.
    OTP_SEALED = "auth:otp:sealed"
    RECOVERY_CODE_USED = "auth:recovery-code:used"
    RECOVERY_CODES_RENEWED = "auth:recovery-codes:renewed"
    # Security keys and passkeys: extras name the passkey by its row id, never its
    # credential id, public key or the name its owner gave it.
    PASSKEY_ADDED = "auth:passkey:added"
    PASSKEY_REMOVED = "auth:passkey:removed"
    PASSKEY_USED = "auth:passkey:used"
    PASSKEY_FAILED = "auth:passkey:failed"
    LOGOUT = "auth:logout"
    LOGOUT_EVERYWHERE = "auth:logout:everywhere"
    PERMISSION_DENIED = "auth:permission:denied"

    USER_CREATED = "accounts:user:create"
    ROLE_CHANGED = "accounts:role:change"
    USER_UNLOCKED = "accounts:user:unlock"
    USER_DEACTIVATED = "accounts:user:deactivate"
    USER_REACTIVATED = "accounts:user:reactivate"
    SECOND_FACTOR_RESET = "accounts:otp:reset"
    PASSWORD_RESET = "accounts:password:reset"  # noqa: S105 - an audit tag, not a secret
    ENROLMENT_CODE_REPLACED = "accounts:password:choose"

    AUDIT_LOG_READ = "audit:log:read"

    PASSWORD_CHANGED = "accounts:password:change"  # noqa: S105 - an audit tag, not a secret

    VAULT_INITIALISED = "vault:desk:init"
    VAULT_STAFF_KEY_CREATED = "vault:staff-key:create"
    VAULT_STAFF_KEY_REPLACED = "vault:staff-key:replace"
    VAULT_ACCESS_GRANTED = "vault:access:grant"
    VAULT_ACCESS_REVOKED = "vault:access:revoke"
    VAULT_GRANT_REFUSED = "vault:access:refuse"
    VAULT_GRANTS_DROPPED = "vault:access:drop"
    VAULT_DESK_KEY_ROTATED = "vault:desk:rotate"
    VAULT_RECOVERED = "vault:desk:recover"
    # A backup archive written (by the daily job or by hand) or restored: extras count
    # its files and bytes; the target is the archive's file name.
    BACKUP_CREATED = "backup:archive:create"
    BACKUP_RESTORED = "backup:archive:restore"

    # Sources' own actions are never audited: an exact timestamp in the log would
    # undo the hour-rounding of submissions. Only staff actions appear here.
    INTAKE_SUBMISSION_READ = "intake:submission:read"
    INTAKE_ATTACHMENT_DOWNLOADED = "intake:attachment:download"
    INTAKE_REPLY_SENT = "intake:reply:send"
    INTAKE_NOTE_ADDED = "intake:note:add"
    INTAKE_STATUS_CHANGED = "intake:status:change"
    INTAKE_MEETING_ANSWERED = "intake:meeting:answer"
    INTAKE_MEETINGS_EXPORTED = "intake:meetings:export"
    INTAKE_RETENTION_DELETED = "intake:retention:delete"
    VISIT_CREATED = "visits:visit:create"
    VISIT_UPDATED = "visits:visit:update"
    VISIT_MEETING_ADDED = "visits:meeting:add"
    VISIT_MEETINGS_READ = "visits:meeting:read"
    VISIT_DOCUMENT_INGESTED = "visits:document:ingest"
    VISIT_RECOMMENDATIONS_IMPORTED = "visits:recommendations:import"
    VISIT_RECOMMENDATION_ACCEPTED = "visits:recommendation:accept"
    VISIT_RECOMMENDATION_REJECTED = "visits:recommendation:reject"
    VISIT_RECOMMENDATION_EDITED = "visits:recommendation:edit"
    VISIT_RELATED_ACCEPTED = "visits:related:accept"
    VISIT_RELATED_REJECTED = "visits:related:reject"
    VISIT_STATUS_CHANGED = "visits:status:change"
    VISIT_EVIDENCE_ADDED = "visits:evidence:add"
    VISIT_LIVE_COUNT_SET = "visits:live-count:set"
    VISIT_ASSESSMENT_ATTACHED = "visits:assessment:attach"
    VISIT_THEME_CREATED = "visits:theme:create"
    VISIT_REPORT_EXPORTED = "visits:report:export"
    # A country report: asked for (extras: country, period, language), and each
    # download (extras: the job and the file format). Never a figure or a summary.
    INSIGHTS_REPORT_REQUESTED = "insights:report:request"
    INSIGHTS_REPORTS_EXPIRED = "insights:report:expire"
    INSIGHTS_REPORT_DOWNLOADED = "insights:report:download"

    # Case documentation. Every read of a case is audited; extras carry ids and counts.
    CASE_OPENED = "cases:case:open"
    CASE_READ = "cases:case:read"
    CASE_CHANGED = "cases:case:change"
    CASE_MEMBER_CHANGED = "cases:member:change"
    CASE_RECORD_ADDED = "cases:record:add"
    CASE_RECORD_CHANGED = "cases:record:change"
    CASE_RECORD_DELETED = "cases:record:delete"  # the history keeps a sealed tombstone
    CASE_DOCUMENT_DOWNLOADED = "cases:document:download"
    CASE_TRIAGED = "cases:submission:triage"
    CASE_SEARCHED = "cases:search"
    CASE_IMPORTED = "cases:import"
    CASE_EXPORTED = "cases:export"
    CASE_PERSON_MERGED = "cases:person:merge"
    CASE_PERSON_UNMERGED = "cases:person:unmerge"
    CASE_TERM_ADDED = "cases:vocabulary:add"

    COMMUNICATION_CREATED = "communication:draft:create"
    COMMUNICATION_EDITED = "communication:draft:edit"
    COMMUNICATION_READ = "communication:draft:read"
    COMMUNICATION_PERSON_SET = "communication:person:set"
    COMMUNICATION_STATE_CHANGED = "communication:state:change"
    COMMUNICATION_APPROVED = "communication:approve"
    COMMUNICATION_SENT = "communication:sent"
    COMMUNICATION_SEND_BLOCKED = "communication:send:blocked"
    COMMUNICATION_LETTER_DOWNLOADED = "communication:letter:download"
    COMMUNICATION_REPLY_REGISTERED = "communication:reply:register"
    COMMUNICATION_REPLY_DOWNLOADED = "communication:reply:download"
    COMMUNICATION_PUBLISHED = "communication:publish"
    COMMUNICATION_PUBLISH_BLOCKED = "communication:publish:blocked"
    COMMUNICATION_FOLLOW_UP = "communication:follow-up:create"
    COMMUNICATION_FROM_CASE = "communication:draft:from-case"
    COMMUNICATION_CASE_LINKED = "communication:case:link"
    COMMUNICATION_CASE_UNLINKED = "communication:case:unlink"
    COMMUNICATION_ACTS_SET = "communication:acts:set"
    COMMUNICATION_LIBRARY_EDITED = "communication:library:edit"
    PRESS_RELEASE_SAVED = "press:release:save"
    PRESS_RELEASE_APPROVED = "press:release:approve"
    PRESS_RELEASE_PUBLISHED = "press:release:publish"
    CALENDAR_FEED_CREATED = "communication:calendar:create"
    CALENDAR_FEED_REVOKED = "communication:calendar:revoke"
    INSIGHTS_TABLE_EXPORTED = "insights:table:export"
    INSIGHTS_TABLE_PUBLISHED = "insights:table:publish"
    INSIGHTS_TABLE_WITHDRAWN = "insights:table:withdraw"
