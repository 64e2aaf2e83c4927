INSERT INTO business_calendar (id, work_days, work_start, work_end, round_clock) VALUES
  ('office', 'MON,TUE,WED,THU,FRI', '08:00', '18:00', false),
  ('round-the-clock', 'MON,TUE,WED,THU,FRI,SAT,SUN', '00:00', '00:00', true);

-- Public holidays of the office calendar (mainland China, 2026 and 2027).
INSERT INTO calendar_holiday (calendar_id, day, name) VALUES
  ('office', '2026-01-01', 'New Year'),
  ('office', '2026-02-16', 'Spring Festival'), ('office', '2026-02-17', 'Spring Festival'),
  ('office', '2026-02-18', 'Spring Festival'), ('office', '2026-02-19', 'Spring Festival'),
  ('office', '2026-02-20', 'Spring Festival'),
  ('office', '2026-04-06', 'Qingming'), ('office', '2026-05-01', 'Labour Day'),
  ('office', '2026-05-04', 'Labour Day'), ('office', '2026-05-05', 'Labour Day'),
  ('office', '2026-06-19', 'Dragon Boat'), ('office', '2026-09-25', 'Mid-Autumn'),
  ('office', '2026-10-01', 'National Day'), ('office', '2026-10-02', 'National Day'),
  ('office', '2026-10-05', 'National Day'), ('office', '2026-10-06', 'National Day'),
  ('office', '2026-10-07', 'National Day'),
  ('office', '2027-01-01', 'New Year');

-- P1 runs round the clock for the top tiers; everything else on office hours.
INSERT INTO sla_policy (customer_tier, priority, response_minutes, resolution_minutes, calendar_id) VALUES
  ('PLATINUM', 'P1', 15, 240, 'round-the-clock'),
  ('PLATINUM', 'P2', 30, 480, 'office'),
  ('PLATINUM', 'P3', 120, 1440, 'office'),
  ('PLATINUM', 'P4', 240, 2880, 'office'),
  ('GOLD', 'P1', 30, 480, 'round-the-clock'),
  ('GOLD', 'P2', 60, 960, 'office'),
  ('GOLD', 'P3', 240, 2400, 'office'),
  ('GOLD', 'P4', 480, 4800, 'office'),
  ('SILVER', 'P1', 60, 960, 'office'),
  ('SILVER', 'P2', 120, 1440, 'office'),
  ('SILVER', 'P3', 480, 2880, 'office'),
  ('SILVER', 'P4', 960, 4800, 'office'),
  ('STANDARD', 'P1', 120, 1440, 'office'),
  ('STANDARD', 'P2', 240, 2880, 'office'),
  ('STANDARD', 'P3', 960, 4800, 'office'),
  ('STANDARD', 'P4', 1440, 9600, 'office');
