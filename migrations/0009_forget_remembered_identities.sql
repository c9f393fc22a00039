-- Slack and Teams now check that a person belongs to the installed workspace (or Grid organisation)
-- or to the served tenant before taking their profile email. Mappings remembered before that check
-- could name someone from another organisation as a person in the policy, and would be used for up
-- to a day (user id -> email) or until overwritten (email -> user id, where DMs go). Forgetting them
-- costs one profile lookup per person, and every mapping from now on has passed the check.
DELETE FROM `identities`;
