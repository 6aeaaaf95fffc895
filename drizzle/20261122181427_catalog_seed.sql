-- Shared vocabularies (DOMAIN.md). Codes are stable; names can be edited later.
INSERT INTO channels (code, name_vi, name_en, sort) VALUES
  ('loudspeaker', 'Loa truyền thanh', 'Loudspeaker', 10),
  ('portal', 'Cổng/Trang thông tin điện tử', 'Web portal', 20),
  ('facebook', 'Trang Facebook chính thống', 'Official Facebook page', 30),
  ('zalo', 'Zalo OA chính thống', 'Official Zalo account', 40),
  ('sms', 'Tin nhắn SMS', 'SMS', 50),
  ('email', 'Thư điện tử', 'Email', 60),
  ('dialogue', 'Đối thoại chính sách', 'Policy dialogue', 70),
  ('leaflet', 'Tờ rơi, tài liệu, ấn phẩm', 'Leaflet, publication', 80),
  ('contest', 'Cuộc thi, hoạt động văn hóa văn nghệ', 'Contest, cultural event', 90),
  ('conference', 'Hội nghị, hội thảo', 'Conference, seminar', 100),
  ('training', 'Lớp tập huấn, bồi dưỡng', 'Training course', 110),
  ('emulation', 'Phong trào thi đua, cuộc vận động', 'Emulation movement', 120),
  ('home_visit', 'Tuyên truyền tại hộ gia đình', 'Home visit', 130),
  ('other', 'Hình thức khác', 'Other', 999)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO audience_groups (code, name_vi, name_en, household_category, sort) VALUES
  ('poor', 'Hộ nghèo', 'Poor households', true, 10),
  ('near_poor', 'Hộ cận nghèo', 'Near-poor households', true, 20),
  ('escaped', 'Hộ mới thoát nghèo', 'Households newly out of poverty', true, 30),
  ('ethnic_minority', 'Đồng bào dân tộc thiểu số', 'Ethnic minority people', false, 40),
  ('village_head', 'Trưởng thôn, bản', 'Village heads', false, 50),
  ('organisation_head', 'Người đứng đầu các đoàn thể', 'Heads of mass organisations', false, 60),
  ('poverty_staff', 'Cán bộ làm công tác giảm nghèo', 'Poverty-reduction staff', false, 70),
  ('cadre', 'Cán bộ, đảng viên, công chức, viên chức', 'Officials and party members', false, 80),
  ('general_public', 'Người dân, toàn xã hội', 'The general public', false, 90)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO funding_sources (code, name_vi, name_en, sort) VALUES
  ('central_programme', 'Ngân sách trung ương thực hiện Chương trình (dự án truyền thông)', 'Central programme budget (communication project)', 10),
  ('local_budget', 'Ngân sách địa phương', 'Local budget', 20),
  ('legal_dissemination', 'Kinh phí phổ biến, giáo dục pháp luật', 'Legal-dissemination budget', 30),
  ('socialised', 'Nguồn xã hội hóa', 'Socialised funds', 40)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, kind, aggregation, sort) VALUES
  ('bulletins_broadcast', 'Số bản tin phát trên loa truyền thanh', 'Bulletins broadcast on loudspeakers', 'bản tin', 'bulletins', 'computed', 'sum', 10),
  ('articles_published', 'Số tin, bài đăng trên trang thông tin điện tử', 'Articles published on the portal', 'tin, bài', 'articles', 'computed', 'sum', 20),
  ('social_posts_published', 'Số bài đăng trên mạng xã hội', 'Social media posts published', 'bài', 'posts', 'computed', 'sum', 30),
  ('dialogues_held', 'Số cuộc đối thoại chính sách', 'Policy dialogues held', 'cuộc', 'dialogues', 'computed', 'sum', 40),
  ('dialogue_participants', 'Số lượt người tham gia đối thoại', 'Dialogue participants', 'lượt người', 'participants', 'computed', 'sum', 50),
  ('leaflets_distributed', 'Số tờ rơi, ấn phẩm cấp phát', 'Leaflets and publications handed out', 'tờ/cuốn', 'copies', 'computed', 'sum', 60),
  ('events_held', 'Số cuộc thi, hoạt động văn hóa văn nghệ', 'Contests and cultural events held', 'cuộc', 'events', 'computed', 'sum', 70),
  ('conferences_held', 'Số hội nghị, hội thảo', 'Conferences and seminars held', 'cuộc', 'meetings', 'computed', 'sum', 80),
  ('trainings_held', 'Số lớp tập huấn, bồi dưỡng', 'Training courses held', 'lớp', 'courses', 'computed', 'sum', 90),
  ('trainees', 'Số lượt người được tập huấn', 'People trained', 'lượt người', 'trainees', 'computed', 'sum', 100),
  ('households_reached_poor', 'Số hộ nghèo được tiếp cận thông tin', 'Poor households reached', 'hộ', 'households', 'computed', 'sum', 110),
  ('households_reached_near_poor', 'Số hộ cận nghèo được tiếp cận thông tin', 'Near-poor households reached', 'hộ', 'households', 'computed', 'sum', 120),
  ('households_reached_escaped', 'Số hộ mới thoát nghèo được tiếp cận thông tin', 'Households newly out of poverty reached', 'hộ', 'households', 'computed', 'sum', 130),
  ('share_poor_reached', 'Tỷ lệ hộ nghèo được tiếp cận thông tin', 'Share of poor households reached', '%', '%', 'computed', 'last', 140),
  ('feedback_received', 'Số phản ánh, kiến nghị tiếp nhận', 'Feedback items received', 'lượt', 'items', 'computed', 'sum', 150),
  ('feedback_answered_on_time', 'Số phản ánh, kiến nghị trả lời đúng hạn', 'Feedback answered on time', 'lượt', 'items', 'computed', 'sum', 160),
  ('stories_published', 'Số gương điển hình, mô hình được tuyên truyền', 'Exemplary stories published', 'gương/mô hình', 'stories', 'computed', 'sum', 170),
  ('spending', 'Kinh phí đã chi', 'Spending', 'đồng', 'VND', 'computed', 'sum', 180),
  ('communicators_network', 'Số tuyên truyền viên, báo cáo viên', 'Communicators and reporters in the network', 'người', 'people', 'manual', 'last', 190)
ON CONFLICT (code) DO NOTHING;
