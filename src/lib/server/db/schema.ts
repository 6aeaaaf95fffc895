// Every table of the application, gathered for drizzle-kit and for typed queries.
export * from '../modules/units/units.tables';
export * from '../modules/users/users.tables';
export * from '../audit/audit.tables';
export * from '../modules/catalog/catalog.tables';
export * from '../modules/plans/plans.tables';
export * from '../modules/households/households.tables';
export * from '../files/files.tables';
export * from '../modules/activities/activities.tables';
export * from '../modules/content/content.tables';
export * from '../modules/loudspeakers/loudspeakers.tables';
export * from '../modules/feedback/feedback.tables';
export * from '../modules/activities/reach.tables';
export * from '../modules/events/events.tables';
export * from '../modules/stories/stories.tables';
export * from '../modules/reports/reports.tables';
export * from "../modules/portal/portal.tables";
export * from "../modules/budget/budget.tables";
