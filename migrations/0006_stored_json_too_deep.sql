-- Values stored before the edge bounded JSON's depth (issue 12): one nested past what
-- SQLite parses (1,000 levels) can overflow the stack when it is written out again, so a
-- desk that holds one could not list its users. Each becomes a plain marker, once.
UPDATE `messages` SET `type` = 'text', `value` = '{"text":"[removed: nested too deeply to keep]"}' WHERE json_valid(`value`) = 0;
--> statement-breakpoint
UPDATE `users` SET `extra` = '{}' WHERE json_valid(`extra`) = 0;
--> statement-breakpoint
UPDATE `canned_replies` SET `items` = '[{"type":"text","value":{"text":"[removed: nested too deeply to keep]"}}]' WHERE json_valid(`items`) = 0;
--> statement-breakpoint
UPDATE `kb_entries` SET `answer` = '[{"type":"text","value":{"text":"[removed: nested too deeply to keep]"}}]' WHERE json_valid(`answer`) = 0;
--> statement-breakpoint
UPDATE `events` SET `body` = CASE WHEN `type` = 'agent_message' THEN '{"message":[{"type":"text","value":{"text":"[removed: nested too deeply to keep]"}}]}' ELSE '{}' END WHERE json_valid(`body`) = 0;
--> statement-breakpoint
UPDATE `audit_log` SET `details` = '{}' WHERE json_valid(`details`) = 0;
