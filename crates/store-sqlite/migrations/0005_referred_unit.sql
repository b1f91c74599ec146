-- The unit within the referring organisation (Region Västerbotten →
-- Psykiatriska mottagningen), so that reports can subtotal referral sources.

ALTER TABLE participations ADD COLUMN referred_unit TEXT NOT NULL DEFAULT '';
