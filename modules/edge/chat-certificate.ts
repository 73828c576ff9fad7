import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface ChatCertificateProps {
  /** The chat host, e.g. `chat.example.com`. */
  readonly domain: string;
  /**
   * Route 53 hosted zone to write the validation record to; absent: the record is added by hand
   * (Cloudflare or another DNS host, docs/edge.md), once: ACM renews against the same record.
   */
  readonly route53ZoneId?: string;
}

/**
 * The chat host's ACM certificate, DNS-validated (ACM renews it by itself as long as the validation
 * record stays). With a Route 53 zone, Terraform writes the validation record and waits until the
 * certificate is issued, so nothing downstream ever sees a pending certificate; otherwise the
 * record to add is the `chat_certificate_validation` output, and the AWS Load Balancer Controller
 * retries the HTTPS listener until ACM has issued it.
 */
export class ChatCertificate extends Construct {
  readonly certificate: AcmCertificate;
  /** The certificate's ARN; with Route 53, only known once the certificate is issued. */
  readonly certificateArn: string;
  /** Whether Terraform validates it (Route 53) or a person adds the record. */
  readonly validatedByTerraform: boolean;
  /** The validation records ACM asks for: name, type, value per domain (for the manual step). */
  readonly validationRecords: AcmCertificate['domainValidationOptions'];

  constructor(scope: Construct, id: string, props: ChatCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domain,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      // A replacement (another domain) is issued before the old one is deleted from the listener.
      lifecycle: { createBeforeDestroy: true },
    });
    this.validationRecords = this.certificate.domainValidationOptions;
    this.validatedByTerraform = props.route53ZoneId !== undefined;
    if (props.route53ZoneId === undefined) {
      this.certificateArn = this.certificate.arn;
      return;
    }
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.route53ZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      // The same name is asked for again after a replacement: take it over instead of failing.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn')),
    });
    this.certificateArn = validation.certificateArn;
  }
}
