import { recordingGaps } from '../../src/rule/recording-gaps';

describe('recordingGaps', () => {
  it('G1: says nothing in the recording region when the recorder lists every certificate', () => {
    expect(recordingGaps({ recorderAvailable: true, certificatesInIam: 3, certificatesNotRecorded: 0 }, 'us-east-1')).toEqual([]);
    expect(recordingGaps({ recorderAvailable: true, certificatesInIam: 0, certificatesNotRecorded: 0 }, 'us-east-1')).toEqual([]);
    expect(recordingGaps({ recorderAvailable: true, certificatesInIam: 0, certificatesNotRecorded: 0 }, 'us-gov-west-1')).toEqual([]);
  });

  it('G1b: names the recording region when the rule runs elsewhere, even with no certificate to compare', () => {
    const [gap] = recordingGaps({ recorderAvailable: true, certificatesInIam: 0, certificatesNotRecorded: 0 }, 'eu-west-1');
    expect(gap).toContain('The rule runs in eu-west-1');
    expect(gap).toContain('only in us-east-1');
  });

  it('G2: names the recording region when the recorder lists none of the certificates in another region', () => {
    const [gap] = recordingGaps({ recorderAvailable: true, certificatesInIam: 4, certificatesNotRecorded: 4 }, 'eu-west-1');
    expect(gap).toContain('lists none of the 4 server certificates');
    expect(gap).toContain('only in us-east-1');
  });

  it('G3: says the region has no recorder at all', () => {
    const [gap] = recordingGaps({ recorderAvailable: false, certificatesInIam: 1, certificatesNotRecorded: 1 }, 'us-gov-east-1');
    expect(gap).toContain('No AWS Config configuration recorder in us-gov-east-1');
    expect(gap).toContain('only in us-gov-west-1');
  });

  it('G4: in the recording region, blames the recorder, not the region', () => {
    const [gap] = recordingGaps({ recorderAvailable: true, certificatesInIam: 2, certificatesNotRecorded: 2 }, 'us-east-1');
    expect(gap).toContain('does not record AWS::IAM::ServerCertificate.');
    expect(gap).not.toContain('deploy the rule there');
  });

  it('G5: reports certificates the recorder does not list yet without alarm', () => {
    const [gap] = recordingGaps({ recorderAvailable: true, certificatesInIam: 10, certificatesNotRecorded: 1 }, 'us-east-1');
    expect(gap).toContain('does not yet list 1 of the 10');
  });
});
