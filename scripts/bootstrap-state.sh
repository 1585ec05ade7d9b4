#!/usr/bin/env bash
# bootstrap-state.sh BUCKET [REGION]: once per AWS account, create the
# self-managed Pulumi state backend: a private, versioned, encrypted, TLS-only
# S3 bucket and a KMS key for stack secrets. Then:
#   pulumi login s3://BUCKET
#   pulumi stack init staging --secrets-provider awskms://alias/pulumi-state
set -euo pipefail
bucket=$1 region=${2:-us-east-1}
if [ "$region" = us-east-1 ]; then
  aws s3api create-bucket --bucket "$bucket" --region "$region"
else
  aws s3api create-bucket --bucket "$bucket" --region "$region" --create-bucket-configuration "LocationConstraint=$region"
fi
aws s3api put-public-access-block --bucket "$bucket" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-ownership-controls --bucket "$bucket" --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
aws s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled
key=$(aws kms create-key --region "$region" --description "Pulumi state and secrets" --query KeyMetadata.Arn --output text)
aws kms enable-key-rotation --region "$region" --key-id "$key"
aws kms create-alias --region "$region" --alias-name alias/pulumi-state --target-key-id "$key"
aws s3api put-bucket-encryption --bucket "$bucket" --server-side-encryption-configuration \
  "{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"$key\"},\"BucketKeyEnabled\":true}]}"
aws s3api put-bucket-policy --bucket "$bucket" --policy \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::$bucket\",\"arn:aws:s3:::$bucket/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"
# The key keeps KMS's default key policy, which lets IAM policies grant its
# use: the GitHub roles get kms:Decrypt (and the deploy roles Encrypt and
# GenerateDataKey) on it through <project>:access.github.state, nothing more.
echo "state backend: s3://$bucket  secrets provider: awskms://alias/pulumi-state?region=$region"
echo "stack files: $("$(dirname "$0")/project-name.sh"):access: {github: {state: {bucket: $bucket, key: alias/pulumi-state}}}"
