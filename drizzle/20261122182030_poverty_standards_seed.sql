-- Poverty standards and their deprivation indicators (data, editable later).
-- Decree 07/2021/NĐ-CP: 2022–2025, extended to the end of 2026; Decree 351/2025/NĐ-CP from 2027.
INSERT INTO poverty_standards (code, name_vi, name_en, from_year, to_year, income_rural, income_urban) VALUES
  ('nd07_2021', 'Chuẩn nghèo đa chiều theo Nghị định 07/2021/NĐ-CP', 'Multidimensional poverty standard, Decree 07/2021/NĐ-CP', 2022, 2026, 1500000, 2000000),
  ('nd351_2025', 'Chuẩn nghèo đa chiều theo Nghị định 351/2025/NĐ-CP', 'Multidimensional poverty standard, Decree 351/2025/NĐ-CP', 2027, 2030, 2200000, 2800000)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- The twelve indicators in six dimensions; two of them are about access to information.
-- Decree 351/2025 keeps the six dimensions; its list is recorded the same way until amended here.
INSERT INTO deprivation_indicators (standard_code, code, dimension, name_vi, name_en, information, sort)
SELECT s.code, i.code, i.dimension, i.name_vi, i.name_en, i.information, i.sort
FROM poverty_standards s, (VALUES
  ('employment', 'employment', 'Việc làm', 'Employment', false, 1),
  ('dependants', 'employment', 'Người phụ thuộc trong hộ gia đình', 'Dependants in the household', false, 2),
  ('nutrition', 'health', 'Dinh dưỡng', 'Nutrition', false, 3),
  ('health_insurance', 'health', 'Bảo hiểm y tế', 'Health insurance', false, 4),
  ('adult_education', 'education', 'Trình độ giáo dục của người lớn', 'Education of adults', false, 5),
  ('child_schooling', 'education', 'Tình trạng đi học của trẻ em', 'School attendance of children', false, 6),
  ('housing_quality', 'housing', 'Chất lượng nhà ở', 'Housing quality', false, 7),
  ('housing_area', 'housing', 'Diện tích nhà ở bình quân đầu người', 'Living area per person', false, 8),
  ('drinking_water', 'water_sanitation', 'Nguồn nước sinh hoạt', 'Drinking water', false, 9),
  ('sanitation', 'water_sanitation', 'Nhà tiêu hợp vệ sinh', 'Hygienic latrine', false, 10),
  ('telecom_use', 'information', 'Sử dụng dịch vụ viễn thông', 'Use of telecommunication services', true, 11),
  ('information_means', 'information', 'Phương tiện phục vụ tiếp cận thông tin', 'Means of access to information', true, 12)
) AS i(code, dimension, name_vi, name_en, information, sort)
ON CONFLICT DO NOTHING;
