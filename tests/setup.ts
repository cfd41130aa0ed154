import 'aws-sdk-client-mock-jest';

// Powertools writes through the global console in dev mode, so tests can
// capture (and silence) log lines and EMF metrics with console spies.
process.env['POWERTOOLS_DEV'] = 'true';
process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';

// The SDK's own switch for its "releases after January 2027 need Node.js 22"
// warning (aws/aws-sdk-js-v3 issue #7983). Jest loads the SDK afresh for every
// test file, and each copy printed the same eight lines; child processes the
// tests start inherit it. Only this warning: every other one still shows.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
