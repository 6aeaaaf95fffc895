CREATE TABLE "communicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"organisation" text,
	"role" text NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"phone_consent" boolean DEFAULT false NOT NULL,
	"user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communicators_role_check" CHECK ("communicators"."role" IN ('communicator', 'reporter')),
	CONSTRAINT "communicators_phone_check" CHECK ("communicators"."phone" IS NULL OR "communicators"."phone_consent")
);
--> statement-breakpoint
CREATE TABLE "training_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trainee_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"file_id" uuid NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_certificates_trainee_id_unique" UNIQUE("trainee_id")
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"organiser" text NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"place" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_courses_activity_id_unique" UNIQUE("activity_id"),
	CONSTRAINT "training_courses_dates_check" CHECK ("training_courses"."to_date" >= "training_courses"."from_date")
);
--> statement-breakpoint
CREATE TABLE "training_trainees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"communicator_id" uuid,
	"household_id" uuid,
	"name" text,
	"attended" boolean DEFAULT false NOT NULL,
	"pre_score" integer,
	"post_score" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_trainees_kind_check" CHECK ("training_trainees"."kind" IN ('user', 'communicator', 'household', 'other')),
	CONSTRAINT "training_trainees_target_check" CHECK (("training_trainees"."kind" = 'user') = ("training_trainees"."user_id" IS NOT NULL) AND ("training_trainees"."kind" = 'communicator') = ("training_trainees"."communicator_id" IS NOT NULL) AND ("training_trainees"."kind" = 'household') = ("training_trainees"."household_id" IS NOT NULL) AND ("training_trainees"."kind" <> 'other' OR "training_trainees"."name" IS NOT NULL)),
	CONSTRAINT "training_trainees_scores_check" CHECK (("training_trainees"."pre_score" IS NULL OR "training_trainees"."pre_score" BETWEEN 0 AND 100) AND ("training_trainees"."post_score" IS NULL OR "training_trainees"."post_score" BETWEEN 0 AND 100))
);
--> statement-breakpoint
ALTER TABLE "communicators" ADD CONSTRAINT "communicators_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communicators" ADD CONSTRAINT "communicators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communicators" ADD CONSTRAINT "communicators_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_certificates" ADD CONSTRAINT "training_certificates_trainee_id_training_trainees_id_fk" FOREIGN KEY ("trainee_id") REFERENCES "public"."training_trainees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_certificates" ADD CONSTRAINT "training_certificates_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_certificates" ADD CONSTRAINT "training_certificates_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_certificates" ADD CONSTRAINT "training_certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_trainees" ADD CONSTRAINT "training_trainees_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_trainees" ADD CONSTRAINT "training_trainees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_trainees" ADD CONSTRAINT "training_trainees_communicator_id_communicators_id_fk" FOREIGN KEY ("communicator_id") REFERENCES "public"."communicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_trainees" ADD CONSTRAINT "training_trainees_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communicators_unit_idx" ON "communicators" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_certificates_number_uq" ON "training_certificates" USING btree ("unit_id","year","seq");--> statement-breakpoint
CREATE INDEX "training_courses_unit_idx" ON "training_courses" USING btree ("unit_id","from_date");--> statement-breakpoint
CREATE INDEX "training_trainees_course_idx" ON "training_trainees" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "training_trainees_communicator_idx" ON "training_trainees" USING btree ("communicator_id") WHERE "training_trainees"."communicator_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "training_trainees_user_uq" ON "training_trainees" USING btree ("course_id","user_id") WHERE "training_trainees"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "training_trainees_communicator_uq" ON "training_trainees" USING btree ("course_id","communicator_id") WHERE "training_trainees"."communicator_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "training_trainees_household_uq" ON "training_trainees" USING btree ("course_id","household_id") WHERE "training_trainees"."household_id" IS NOT NULL;