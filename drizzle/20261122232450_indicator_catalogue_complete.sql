-- The rest of the indicator catalogue: feedback answered late and overdue, all households reached
-- and their share of the register, and spending by funding source (one row per source).
INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, kind, aggregation, sort) VALUES
  ('households_reached', 'Tổng số hộ được tiếp cận thông tin', 'Households reached (all categories)', 'hộ', 'households', 'computed', 'sum', 105),
  ('share_households_reached', 'Tỷ lệ hộ trên địa bàn được tiếp cận thông tin', 'Share of registered households reached', '%', '%', 'computed', 'last', 135),
  ('share_near_poor_reached', 'Tỷ lệ hộ cận nghèo được tiếp cận thông tin', 'Share of near-poor households reached', '%', '%', 'computed', 'last', 145),
  ('feedback_answered_late', 'Số phản ánh, kiến nghị trả lời quá hạn', 'Feedback answered after the deadline', 'lượt', 'items', 'computed', 'sum', 162),
  ('feedback_overdue', 'Số phản ánh, kiến nghị quá hạn chưa trả lời', 'Feedback overdue and not yet answered', 'lượt', 'items', 'computed', 'sum', 164),
  ('spending_central_programme', 'Kinh phí đã chi từ ngân sách trung ương (Chương trình)', 'Spending from the central programme budget', 'đồng', 'VND', 'computed', 'sum', 181),
  ('spending_local_budget', 'Kinh phí đã chi từ ngân sách địa phương', 'Spending from the local budget', 'đồng', 'VND', 'computed', 'sum', 182),
  ('spending_legal_dissemination', 'Kinh phí đã chi từ kinh phí phổ biến, giáo dục pháp luật', 'Spending from the legal-dissemination budget', 'đồng', 'VND', 'computed', 'sum', 183),
  ('spending_socialised', 'Kinh phí đã chi từ nguồn xã hội hóa', 'Spending from socialised funds', 'đồng', 'VND', 'computed', 'sum', 184)
ON CONFLICT (code) DO NOTHING;
