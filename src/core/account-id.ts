/** An AWS account ID: exactly 12 digits (AWS Account Management Reference Guide, "View AWS account identifiers"). */
export const ACCOUNT_ID = /^\d{12}$/;
