import type { Reply } from './reply';
import type { ServiceError } from './reply';

/** IAM's XML namespace (IAM API reference, "Making Query requests": responses). */
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** Escapes text for an XML element body. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<name>value</name>` with the value escaped. */
export function element(name: string, value: string): string {
  return `<${name}>${xmlText(value)}</${name}>`;
}

/**
 * A Query-protocol success response (IAM's by default; STS passes its own
 * namespace): `<XResponse xmlns=…><XResult>…</XResult><ResponseMetadata><RequestId>…`.
 * Actions with no output (DeleteServerCertificate) have no `XResult`.
 */
export function iamSuccess(action: string, resultXml: string | undefined, requestId: string, namespace = IAM_NAMESPACE): Reply {
  const result = resultXml === undefined ? '' : `<${action}Result>${resultXml}</${action}Result>`;
  return {
    status: 200,
    contentType: 'text/xml',
    body:
      `<${action}Response xmlns="${namespace}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/**
 * A Query-protocol error (the shape the SDK's awsQuery deserializer reads
 * `Error.Code` from): `<ErrorResponse><Error><Type>Sender|Receiver</Type>…`.
 */
export function iamError(error: ServiceError, requestId: string, namespace = IAM_NAMESPACE): Reply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.status,
    contentType: 'text/xml',
    body:
      `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type>${element('Code', error.code)}` +
      `${element('Message', error.message)}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
