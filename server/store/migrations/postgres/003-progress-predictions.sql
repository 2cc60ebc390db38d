-- Predict mode's answers per student and lesson (how many were right, of how many), for the
-- teacher's table; both go back to 0 when the student resets the lesson.
ALTER TABLE progress ADD COLUMN predictions_right INTEGER NOT NULL DEFAULT 0;
ALTER TABLE progress ADD COLUMN predictions_total INTEGER NOT NULL DEFAULT 0;
