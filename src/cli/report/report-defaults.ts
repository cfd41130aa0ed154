/** `report --days` when not given: the usual renewal lead time. */
export const DEFAULT_REPORT_DAYS = 30;
