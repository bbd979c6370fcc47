-- Adds 100,000 synthetic clients (one policy each) to the Crm tables, owned in turn by the five demo agents, for the
-- "My clients" load run (bench/load.sh with RC_BENCH_CLIENTS=1). Names come from small lists combined, so many
-- clients share a last name, as in a real book; renewals spread over the next year. Run after the host has migrated.
\set ON_ERROR_STOP on
BEGIN;
WITH numbered AS (
  SELECT n,
         (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth','William','Barbara',
                'Richard','Susan','Joseph','Jessica','Thomas','Sarah','Carlos','Karen','Daniel','Lisa','Matthew','Nancy'])[1 + n % 24] AS first_name,
         (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez','Hernandez','Lopez',
                'Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson','White',
                'Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young','Allen','King','Wright','Scott',
                'Torres','Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall','Rivera','Campbell','Mitchell'])[1 + (n / 24) % 48]
           || CASE WHEN n % 7 = 0 THEN '-' || (n % 997)::text ELSE '' END AS last_name,
         (ARRAY['0193a000-0000-7000-8000-000000000011','0193a000-0000-7000-8000-000000000012','0193a000-0000-7000-8000-000000000013',
                '0193a000-0000-7000-8000-000000000014','0193a000-0000-7000-8000-000000000015'])[1 + n % 5]::uuid AS owner,
         current_date + (1 + (n * 37) % 365) AS renews
  FROM generate_series(1, 100000) AS n
)
INSERT INTO crm.clients (id, first_name, last_name, sort_name, email, phone, company, birthdate, street, city, state, postal_code,
                         country, preferred_channel, language, time_zone, owner_agent_id, source, last_contact_at,
                         next_renewal_date, custom_fields, created_at, updated_at, version)
SELECT ('0193b000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid, first_name, last_name,
       lower(last_name || ', ' || first_name), lower(first_name || '.' || last_name || n || '@example.com'),
       '+1415' || lpad((2000000 + n)::text, 7, '0'), NULL, date '1950-01-01' + n % 18000, n || ' Main Street', 'Springfield', 'IL', '62701',
       'US', 'email', 'en', 'America/Chicago', owner, 'Native', now() - make_interval(hours => n % 8000),
       renews, '{}'::jsonb, now(), now(), 0
FROM numbered;
INSERT INTO crm.policies (id, client_id, number, line_of_business, carrier, premium, effective_date, expiration_date, status)
SELECT ('0193b000-0000-7000-8001-' || lpad(n::text, 12, '0'))::uuid, ('0193b000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid,
       'BEN-' || (1000000 + n), 'life', 'Northwind Mutual', 1000 + n % 5000, current_date + (1 + (n * 37) % 365) - 365,
       current_date + (1 + (n * 37) % 365), 'Active'
FROM generate_series(1, 100000) AS n;
COMMIT;
ANALYZE crm.clients;
ANALYZE crm.policies;
