import 'aws-sdk-client-mock-jest';

// Powertools writes through the global console in dev mode, so tests can
// capture (and silence) log lines and EMF metrics with console spies.
process.env['POWERTOOLS_DEV'] = 'true';
process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
