-- Kinds of feedback and their deadlines in working days (administrators change them later).
INSERT INTO feedback_categories (code, name_vi, name_en, deadline_days, sort) VALUES
  ('question', 'Hỏi đáp về chính sách', 'Question about a policy', 10, 10),
  ('complaint', 'Phản ánh việc thực hiện', 'Complaint about how a policy is carried out', 10, 20),
  ('suggestion', 'Kiến nghị, đề xuất', 'Suggestion', 15, 30),
  ('support', 'Đề nghị hỗ trợ', 'Request for support', 7, 40)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- Public holidays of Việt Nam (Labour Code 2019, art. 112) on weekdays or as days off given for
-- them, 2026–2027. Tết and the day beside 2 September follow the government's yearly notice;
-- those of 2027 are the expected ones and administrators correct them when the notice is out.
INSERT INTO public_holidays (date, name_vi, name_en) VALUES
  ('2026-01-01', 'Tết Dương lịch', 'New Year''s Day'),
  ('2026-02-16', 'Tết Nguyên đán (tất niên)', 'Lunar New Year''s Eve'),
  ('2026-02-17', 'Tết Nguyên đán (mùng 1)', 'Lunar New Year (1st day)'),
  ('2026-02-18', 'Tết Nguyên đán (mùng 2)', 'Lunar New Year (2nd day)'),
  ('2026-02-19', 'Tết Nguyên đán (mùng 3)', 'Lunar New Year (3rd day)'),
  ('2026-02-20', 'Tết Nguyên đán (mùng 4)', 'Lunar New Year (4th day)'),
  ('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)', 'Hùng Kings'' Commemoration (day in lieu)'),
  ('2026-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước', 'Reunification Day'),
  ('2026-05-01', 'Ngày Quốc tế Lao động', 'International Labour Day'),
  ('2026-09-01', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'),
  ('2026-09-02', 'Quốc khánh', 'National Day'),
  ('2027-01-01', 'Tết Dương lịch', 'New Year''s Day'),
  ('2027-02-04', 'Tết Nguyên đán (nghỉ trước Tết)', 'Lunar New Year (day before the eve)'),
  ('2027-02-05', 'Tết Nguyên đán (tất niên)', 'Lunar New Year''s Eve'),
  ('2027-02-06', 'Tết Nguyên đán (mùng 1)', 'Lunar New Year (1st day)'),
  ('2027-02-07', 'Tết Nguyên đán (mùng 2)', 'Lunar New Year (2nd day)'),
  ('2027-02-08', 'Tết Nguyên đán (mùng 3, nghỉ bù)', 'Lunar New Year (3rd day, in lieu)'),
  ('2027-02-09', 'Tết Nguyên đán (mùng 4, nghỉ bù)', 'Lunar New Year (4th day, in lieu)'),
  ('2027-02-10', 'Tết Nguyên đán (mùng 5, nghỉ bù)', 'Lunar New Year (5th day, in lieu)'),
  ('2027-04-16', 'Giỗ Tổ Hùng Vương', 'Hùng Kings'' Commemoration'),
  ('2027-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước', 'Reunification Day'),
  ('2027-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)', 'International Labour Day (day in lieu)'),
  ('2027-09-02', 'Quốc khánh', 'National Day'),
  ('2027-09-03', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)')
ON CONFLICT (date) DO NOTHING;
