ALTER TABLE "stories" ADD COLUMN "pairing_id" uuid;--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_pairing_id_pairings_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stories_pairing_idx" ON "stories" USING btree ("pairing_id") WHERE "stories"."pairing_id" IS NOT NULL;