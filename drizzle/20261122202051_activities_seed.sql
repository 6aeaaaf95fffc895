-- Participants counted by group: the three household categories, and everyone else.
INSERT INTO audience_groups (code, name_vi, name_en, household_category, sort) VALUES
  ('other', 'Đối tượng khác', 'Other participants', false, 95)
ON CONFLICT (code) DO NOTHING;
