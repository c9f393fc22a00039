-- Notification ordering keys now lead with the subject: `notify:SUBJECT:person:EMAIL` (or
-- `:channel:NAME`) instead of `notify:person:EMAIL:SUBJECT`, so one request's keys sit together in
-- the outbox key index. Only pending rows take part in ordering; they get the new form so that a
-- message queued before the upgrade still goes ahead of the next one about the same request.
-- The subject is what follows the last ':' (ids hold none): rtrim(k, <every character of k but
-- ':'>) leaves k up to and including its last ':'.
UPDATE `outbox`
SET `ordering_key` = 'notify:'
  || substr(`ordering_key`, length(rtrim(`ordering_key`, replace(`ordering_key`, ':', ''))) + 1)
  || ':'
  || substr(`ordering_key`, 8, length(rtrim(`ordering_key`, replace(`ordering_key`, ':', ''))) - 8)
WHERE `status` = 'pending' AND (`ordering_key` LIKE 'notify:person:%' OR `ordering_key` LIKE 'notify:channel:%');
